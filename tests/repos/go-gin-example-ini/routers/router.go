package routers

import "github.com/gin-gonic/gin"

// InitRouter initialize routing information
func InitRouter() *gin.Engine {
	r := gin.New()
	apiv1 := r.Group("/api/v1")
	{
		apiv1.GET("/tags", func(c *gin.Context) { c.JSON(200, nil) })
	}
	return r
}
