module github.com/evrone/go-clean-template

go 1.26

require (
	github.com/caarlos0/env/v11 v11.3.1
	github.com/gofiber/fiber/v2 v2.52.9
)
