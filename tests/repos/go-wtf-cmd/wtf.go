// Package wtf contains domain types of the WTF Dial.
package wtf

// Build version & commit SHA.
var (
	Version string
	Commit  string
)
