package http

import (
	"net"
	"net/http"

	"github.com/gorilla/mux"
)

type Server struct {
	ln     net.Listener
	server *http.Server
	router *mux.Router
	Addr   string
	Domain string
}

func NewServer() *Server {
	s := &Server{server: &http.Server{}, router: mux.NewRouter()}
	s.router.HandleFunc("/debug/commit", s.handleCommit).Methods("GET")
	s.server.Handler = s.router
	return s
}

func (s *Server) UseTLS() bool { return s.Domain != "" }

func (s *Server) Open() (err error) {
	if s.ln, err = net.Listen("tcp", s.Addr); err != nil {
		return err
	}
	go s.server.Serve(s.ln)
	return nil
}

func (s *Server) handleCommit(w http.ResponseWriter, r *http.Request) {}

// ListenAndServeTLSRedirect runs an HTTP server on port 80 to redirect users to the TLS port.
func ListenAndServeTLSRedirect(domain string) error {
	return http.ListenAndServe(":80", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://"+domain, http.StatusFound)
	}))
}

// ListenAndServeDebug runs an HTTP server with /debug endpoints (e.g. pprof, vars).
func ListenAndServeDebug() error {
	h := http.NewServeMux()
	return http.ListenAndServe(":6060", h)
}
