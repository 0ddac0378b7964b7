/** @type {import('next').NextConfig} */
module.exports = {
  // A self-contained server.js plus only the node_modules it needs: what the runtime image copies.
  output: 'standalone',
};
