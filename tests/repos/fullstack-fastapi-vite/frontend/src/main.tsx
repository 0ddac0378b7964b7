import ReactDOM from "react-dom/client"
import { OpenAPI } from "./client"

OpenAPI.BASE = import.meta.env.VITE_API_URL

ReactDOM.createRoot(document.getElementById("root")!).render(null)
