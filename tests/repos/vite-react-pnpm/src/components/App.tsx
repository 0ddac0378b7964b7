export default function App() {
  return <div className="bg-white">React + Vite + Tailwind</div>
}
