module github.com/EDDYCJY/go-gin-example

go 1.13

require (
	github.com/gin-gonic/gin v1.3.0
	github.com/go-ini/ini v1.32.1-0.20180214101753-32e4be5f41bb
)
