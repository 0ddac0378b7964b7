import Pricing from '@/components/ui/Pricing/Pricing'

export default async function PricingPage() {
  return <Pricing />
}
