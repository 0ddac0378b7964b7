package main

import (
	"context"
	"flag"
	"fmt"
	"os"
)

// DefaultURL is the default WTF Dial server the CLI talks to.
const DefaultURL = "https://wtfdial.com"

func main() {
	fs := flag.NewFlagSet("wtf", flag.ContinueOnError)
	url := fs.String("url", DefaultURL, "server URL")
	_ = fs.Parse(os.Args[1:])
	if err := run(context.Background(), *url); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, url string) error { return nil }
