'use client';

import { useState } from 'react';

// The backend's base URL. NEXT_PUBLIC_* variables are inlined into the browser bundle at build time.
const API_URL = process.env.NEXT_PUBLIC_API_URL || 'http://localhost:8000';

export default function ChatPage() {
  const [messages, setMessages] = useState([
    { from: 'bot', text: 'Hi! Say "add <title>", "list" or "done <id>".' },
  ]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);

  async function send(event) {
    event.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    setMessages((all) => [...all, { from: 'you', text }]);
    setInput('');
    setBusy(true);
    try {
      const response = await fetch(`${API_URL}/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ message: text }),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const { reply } = await response.json();
      setMessages((all) => [...all, { from: 'bot', text: reply }]);
    } catch (err) {
      setMessages((all) => [...all, { from: 'bot', text: `The backend is unavailable (${err.message}).` }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main>
      <h1>Todo chat</h1>
      <ol style={{ listStyle: 'none', padding: 0 }}>
        {messages.map((message, index) => (
          <li key={index} style={{ whiteSpace: 'pre-wrap', margin: '0.5rem 0' }}>
            <strong>{message.from}:</strong> {message.text}
          </li>
        ))}
      </ol>
      <form onSubmit={send}>
        <input value={input} onChange={(e) => setInput(e.target.value)} placeholder="add buy milk" disabled={busy} />
        <button type="submit" disabled={busy}>Send</button>
      </form>
    </main>
  );
}
