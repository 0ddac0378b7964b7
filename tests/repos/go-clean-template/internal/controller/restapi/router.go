package restapi

import (
	"net/http"

	"github.com/evrone/go-clean-template/config"
	"github.com/gofiber/fiber/v2"
)

// NewRouter -.
// @host        localhost:8080
func NewRouter(app *fiber.App, cfg *config.Config) {
	// K8s probe
	app.Get("/healthz", func(ctx *fiber.Ctx) error { return ctx.SendStatus(http.StatusOK) })

	apiV1Group := app.Group("/v1")
	_ = apiV1Group
}
