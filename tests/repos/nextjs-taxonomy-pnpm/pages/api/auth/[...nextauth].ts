import NextAuth from "next-auth"

export default NextAuth({ providers: [] })
