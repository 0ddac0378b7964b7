package rest

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"
)

func NewArticleHandler(e *echo.Echo, db *sql.DB) {
	e.GET("/articles", func(c echo.Context) error { return c.JSON(http.StatusOK, []string{}) })
	e.GET("/articles/:id", func(c echo.Context) error { return c.JSON(http.StatusOK, nil) })
}
