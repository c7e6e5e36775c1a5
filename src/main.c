#include <stdlib.h>

#include "cli/cli.h"

int
main(int argc, char **argv)
{
    exit(cli_main(argc, argv));
}
