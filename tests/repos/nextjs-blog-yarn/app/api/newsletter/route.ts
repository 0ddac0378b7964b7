import { NewsletterAPI } from 'pliny/newsletter'

const handler = NewsletterAPI({ provider: 'buttondown' })

export { handler as GET, handler as POST }
