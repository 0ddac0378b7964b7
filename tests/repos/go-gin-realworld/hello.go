package main

import (
	"fmt"

	"github.com/gin-gonic/gin"
	"github.com/gothinkster/golang-gin-realworld-example-app/articles"
	"github.com/gothinkster/golang-gin-realworld-example-app/common"
	"github.com/jinzhu/gorm"
)

func Migrate(db *gorm.DB) {
	articles.AutoMigrate()
}

func main() {
	db := common.Init()
	Migrate(db)
	defer db.Close()

	r := gin.Default()

	v1 := r.Group("/api")
	articles.ArticlesAnonymousRegister(v1.Group("/articles"))

	testAuth := r.Group("/api/ping")

	testAuth.GET("/", func(c *gin.Context) {
		c.JSON(200, gin.H{
			"message": "pong",
		})
	})

	fmt.Println("listen and serve on 0.0.0.0:8080")
	r.Run() // listen and serve on 0.0.0.0:8080
}
