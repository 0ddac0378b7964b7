const dotenv = require('dotenv');
const path = require('path');
const Joi = require('joi');

dotenv.config({ path: path.join(__dirname, '../../.env') });

const envVarsSchema = Joi.object()
  .keys({
    NODE_ENV: Joi.string().valid('production', 'development', 'test').required(),
    PORT: Joi.number().default(3000),
    MONGODB_URL: Joi.string().required().description('Mongo DB url'),
    JWT_SECRET: Joi.string().required().description('JWT secret key'),
  })
  .unknown();

const { value: envVars } = envVarsSchema.prefs({ errors: { label: 'key' } }).validate(process.env);

module.exports = {
  env: envVars.NODE_ENV,
  port: envVars.PORT,
  mongoose: { url: envVars.MONGODB_URL, options: {} },
  jwt: { secret: envVars.JWT_SECRET },
};
