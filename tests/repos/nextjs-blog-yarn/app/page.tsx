import Main from './Main'

export default async function Page() {
  return <Main posts={[]} />
}
