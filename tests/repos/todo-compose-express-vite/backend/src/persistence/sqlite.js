const location = process.env.SQLITE_DB_LOCATION || '/etc/todos/todo.db';

module.exports = { init: async () => location, getItems: async () => [] };
