package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/BurntSushi/toml"
	"github.com/benbjohnson/wtf/http"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	go func() { <-c; cancel() }()

	m := NewMain()
	if err := m.ParseFlags(ctx, os.Args[1:]); err == flag.ErrHelp {
		os.Exit(1)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	<-ctx.Done()
}

type Main struct {
	Config     Config
	ConfigPath string
	HTTPServer *http.Server
}

func NewMain() *Main {
	return &Main{Config: DefaultConfig(), ConfigPath: DefaultConfigPath, HTTPServer: http.NewServer()}
}

func (m *Main) ParseFlags(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("wtfd", flag.ContinueOnError)
	fs.StringVar(&m.ConfigPath, "config", DefaultConfigPath, "config path")
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, err := toml.DecodeFile(m.ConfigPath, &m.Config)
	return err
}

func (m *Main) Run(ctx context.Context) error {
	m.HTTPServer.Addr = m.Config.HTTP.Addr
	if err := m.HTTPServer.Open(); err != nil {
		return err
	}
	// If TLS enabled, redirect non-TLS connections to TLS.
	if m.HTTPServer.UseTLS() {
		go func() { _ = http.ListenAndServeTLSRedirect(m.Config.HTTP.Domain) }()
	}
	go func() { _ = http.ListenAndServeDebug() }()
	return nil
}

const (
	// DefaultConfigPath is the default path to the application configuration.
	DefaultConfigPath = "~/wtfd.conf"
)

type Config struct {
	HTTP struct {
		Addr   string `toml:"addr"`
		Domain string `toml:"domain"`
	} `toml:"http"`
}

func DefaultConfig() Config { return Config{} }
