/* The pod sandbox's one process: it holds the pod's namespaces open and does nothing else. The
 * cluster tier builds it here because no registry (and so no upstream pause image) is reachable.
 * Exits at once on SIGTERM or SIGINT so that stopping a sandbox never waits for a kill timeout. */
#include <signal.h>
#include <unistd.h>

static void stop(int sig) {
  (void)sig;
  _exit(0);
}

int main(void) {
  signal(SIGTERM, stop);
  signal(SIGINT, stop);
  for (;;) pause();
}
