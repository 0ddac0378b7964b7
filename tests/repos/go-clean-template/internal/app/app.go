package app

import (
	"github.com/evrone/go-clean-template/config"
	"github.com/evrone/go-clean-template/internal/controller/restapi"
	"github.com/evrone/go-clean-template/pkg/httpserver"
)

// Run creates objects via constructors.
func Run(cfg *config.Config) {
	httpServer := httpserver.New(httpserver.Port(cfg.HTTP.Port))
	restapi.NewRouter(httpServer.App, cfg)
	httpServer.Start()
}
