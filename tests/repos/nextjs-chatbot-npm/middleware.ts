import { NextRequest } from "next/server"

export async function middleware(request: NextRequest) {
  return undefined
}

export const config = { matcher: "/((?!api|static|.*\\..*|_next|auth).*)" }
