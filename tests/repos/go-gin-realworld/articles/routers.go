package articles

import "github.com/gin-gonic/gin"

func AutoMigrate() {}

func ArticlesAnonymousRegister(router *gin.RouterGroup) {
	router.GET("/", ArticleList)
}

func ArticleList(c *gin.Context) {
	c.JSON(200, gin.H{"articles": []string{}})
}
