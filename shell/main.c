/* main.c - placeholder until the shell lands. */
#include "config.h"
int main(void) { return 0; }
