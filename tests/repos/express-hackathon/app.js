/**
 * Module dependencies.
 */
const path = require('node:path');
const express = require('express');
const session = require('express-session');
const lusca = require('lusca');
const { MongoStore } = require('connect-mongo');
const mongoose = require('mongoose');

require('dotenv').config({ path: '.env', quiet: true });

const homeController = require('./controllers/home');

const app = express();
console.log('Run this app using "npm start" to include sass/scss/css builds.\n');

mongoose.connect(process.env.MONGODB_URI);

app.set('host', process.env.OPENSHIFT_NODEJS_IP || '0.0.0.0');
app.set('port', process.env.PORT || process.env.OPENSHIFT_NODEJS_PORT || 8080);
app.set('views', path.join(__dirname, 'views'));
app.use(session({ secret: process.env.SESSION_SECRET, store: MongoStore.create({ mongoUrl: process.env.MONGODB_URI }) }));
app.use(lusca.xframe('SAMEORIGIN'));
app.use('/', express.static(path.join(__dirname, 'public'), { maxAge: 31557600000 }));

app.get('/', homeController.index);

app.listen(app.get('port'), () => {
  console.log(`App is running on http://localhost:${app.get('port')} in ${app.get('env')} mode.`);
});

module.exports = app;
