export default function HomePage() {
  return <div>Chatbot UI</div>
}
