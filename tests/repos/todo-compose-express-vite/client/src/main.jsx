import React from 'react';
import ReactDOM from 'react-dom/client';

function TodoListCard() {
    React.useEffect(() => { fetch('/api/items').then((r) => r.json()); }, []);
    return null;
}

ReactDOM.createRoot(document.getElementById('root')).render(<TodoListCard />);
