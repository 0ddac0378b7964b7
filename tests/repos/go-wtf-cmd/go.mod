module github.com/benbjohnson/wtf

go 1.16

require (
	github.com/BurntSushi/toml v0.3.1
	github.com/gorilla/mux v1.8.0
	github.com/mattn/go-sqlite3 v1.14.5
)
