export const CONFIG = {
  API_HOST: String(import.meta.env.VITE_API_HOST) || '',
}
