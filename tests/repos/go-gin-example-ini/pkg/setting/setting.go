package setting

import (
	"log"

	"github.com/go-ini/ini"
)

type Server struct {
	RunMode  string
	HttpPort int
}

var ServerSetting = &Server{}

// Setup initialize the configuration instance
func Setup() {
	cfg, err := ini.Load("conf/app.ini")
	if err != nil {
		log.Fatalf("setting.Setup, fail to parse 'conf/app.ini': %v", err)
	}
	_ = cfg.Section("server").MapTo(ServerSetting)
}
