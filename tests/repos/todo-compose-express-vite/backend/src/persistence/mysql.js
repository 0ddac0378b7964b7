const {
    MYSQL_HOST: HOST,
    MYSQL_USER: USER,
    MYSQL_PASSWORD: PASSWORD,
    MYSQL_DB: DB,
} = process.env;

module.exports = { init: async () => [HOST, USER, PASSWORD, DB], getItems: async () => [] };
