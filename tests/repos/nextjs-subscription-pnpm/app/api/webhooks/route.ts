import Stripe from 'stripe'

export async function POST(req: Request) {
  const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET
  const sig = req.headers.get('stripe-signature') as string
  return new Response(JSON.stringify({ received: !!(sig && webhookSecret) }))
}
