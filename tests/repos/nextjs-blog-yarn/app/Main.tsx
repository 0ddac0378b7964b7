export default function Home({ posts }) {
  return <div>{posts.length} posts</div>
}
