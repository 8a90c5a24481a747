/* The pod sandbox's one process: it holds the pod's namespaces open and does nothing else. The
 * cluster tier builds it here because no registry (and so no upstream pause image) is reachable.
 * Exits at once on SIGTERM or SIGINT so that stopping a sandbox never waits for a kill timeout.
 * In a pod with shareProcessNamespace it is PID 1 of all containers: orphans are re-parented to it,
 * so it reaps them (or they would stay zombies). */
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void stop(int sig) {
  (void)sig;
  _exit(0);
}

static void reap(int sig) {
  (void)sig;
  while (waitpid(-1, 0, WNOHANG) > 0) {
  }
}

int main(void) {
  signal(SIGTERM, stop);
  signal(SIGINT, stop);
  signal(SIGCHLD, reap);
  for (;;) pause();
}
