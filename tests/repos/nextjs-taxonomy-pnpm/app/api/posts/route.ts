import { getServerSession } from "next-auth/next"

export async function GET() {
  const session = await getServerSession()
  if (!session) {
    return new Response("Unauthorized", { status: 403 })
  }
  return new Response(JSON.stringify([]))
}
