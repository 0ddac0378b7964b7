import logging

logger = logging.getLogger(__name__)


def main() -> None:
    logger.info("Initializing service")


if __name__ == "__main__":
    main()
