import { createClient } from "@supabase/supabase-js"

export async function POST(request: Request) {
  const supabaseAdmin = createClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!)
  const { username } = await request.json()
  const { data } = await supabaseAdmin.from("profiles").select("username").eq("username", username)
  return new Response(JSON.stringify({ isAvailable: !data?.length }), { status: 200 })
}
