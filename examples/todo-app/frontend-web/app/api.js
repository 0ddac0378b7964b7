// The backend's base URL. NEXT_PUBLIC_* variables are inlined into the browser bundle at build time.
export const API_URL = process.env.NEXT_PUBLIC_API_URL || 'http://localhost:8000';

export async function api(path, options = {}) {
  const response = await fetch(`${API_URL}${path}`, {
    ...options,
    headers: { 'Content-Type': 'application/json', ...(options.headers || {}) },
  });
  if (!response.ok) {
    throw new Error(`${options.method || 'GET'} ${path} failed: ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}
