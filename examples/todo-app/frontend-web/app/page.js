'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

export default function TodoPage() {
  const [todos, setTodos] = useState([]);
  const [title, setTitle] = useState('');
  const [error, setError] = useState(null);

  const refresh = useCallback(async () => {
    try {
      setTodos(await api('/todos'));
      setError(null);
    } catch (err) {
      setError(err.message);
    }
  }, []);

  useEffect(() => {
    refresh();
  }, [refresh]);

  async function add(event) {
    event.preventDefault();
    if (!title.trim()) return;
    await api('/todos', { method: 'POST', body: JSON.stringify({ title: title.trim() }) });
    setTitle('');
    refresh();
  }

  async function toggle(todo) {
    await api(`/todos/${todo.id}`, { method: 'PATCH', body: JSON.stringify({ done: !todo.done }) });
    refresh();
  }

  async function remove(todo) {
    await api(`/todos/${todo.id}`, { method: 'DELETE' });
    refresh();
  }

  return (
    <main>
      <h1>Todos</h1>
      <form onSubmit={add}>
        <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="What needs doing?" />
        <button type="submit">Add</button>
      </form>
      {error && <p role="alert">Backend unavailable: {error}</p>}
      <ul>
        {todos.map((todo) => (
          <li key={todo.id}>
            <label>
              <input type="checkbox" checked={todo.done} onChange={() => toggle(todo)} />
              {todo.done ? <s>{todo.title}</s> : todo.title}
            </label>
            <button onClick={() => remove(todo)} aria-label={`delete ${todo.title}`}>×</button>
          </li>
        ))}
      </ul>
    </main>
  );
}
