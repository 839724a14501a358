// Command hone is a terminal flashcard trainer with spaced repetition.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], newEnv()))
}
