const express = require('express');
const config = require('../../config/config');

const router = express.Router();
const devRoutes = [{ path: '/docs', route: express.Router() }];
if (config.env === 'development') {
  devRoutes.forEach((route) => router.use(route.path, route.route));
}
module.exports = router;
