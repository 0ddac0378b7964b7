package httpserver

import (
	"net"

	"github.com/gofiber/fiber/v2"
)

type Server struct {
	App     *fiber.App
	address string
}

type Option func(*Server)

func Port(port string) Option {
	return func(s *Server) { s.address = net.JoinHostPort("", port) }
}

func New(opts ...Option) *Server {
	s := &Server{App: fiber.New()}
	for _, opt := range opts {
		opt(s)
	}
	return s
}

func (s *Server) Start() {
	go func() { _ = s.App.Listen(s.address) }()
}
