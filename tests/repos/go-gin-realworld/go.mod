module github.com/gothinkster/golang-gin-realworld-example-app

go 1.15

require (
	github.com/gin-gonic/gin v1.7.7
	github.com/jinzhu/gorm v1.9.16
)
