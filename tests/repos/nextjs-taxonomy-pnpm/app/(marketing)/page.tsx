export default async function IndexPage() {
  return <section>An example app built using Next.js 13 server components.</section>
}
