module github.com/bxcodec/go-clean-arch

go 1.20

require (
	github.com/go-sql-driver/mysql v1.7.1
	github.com/labstack/echo/v4 v4.11.1
)
