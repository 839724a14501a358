// Command pagefault measures what touching a page for the first time costs
// on this machine, which bounds how fast any process can start: fresh heap
// pages, and pages of a file mapped with mmap as bbolt does, the second
// time round from the page cache.
//
//	go run ./bench/pagefault [FILE]
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"syscall"
	"time"
)

const pages = 2000

func main() {
	sum := 0
	heap := make([]byte, pages*4096)
	start := time.Now()
	for i := range pages {
		heap[i*4096] = 1
	}
	first := time.Since(start)
	start = time.Now()
	for i := range pages {
		sum += int(heap[i*4096])
	}
	again := time.Since(start)
	if sum < 0 {
		fmt.Println(sum)
	}
	fmt.Printf("heap: first touch %.1f µs a page, second %.2f µs\n", us(first), us(again))

	if len(os.Args) < 2 {
		return
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fi, _ := f.Stat()
	size := int(fi.Size())
	offsets := make([]int, pages)
	for i := range offsets {
		offsets[i] = rand.IntN(size/4096) * 4096
	}
	for round := range 3 {
		m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		start := time.Now()
		for _, o := range offsets {
			sum += int(m[o])
		}
		fmt.Printf("file, mapping %d: first touch %.1f µs a page\n", round+1, us(time.Since(start)))
		syscall.Munmap(m)
	}
	if sum < 0 {
		fmt.Println(sum) // keeps the reads from being optimized away
	}
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1000 / pages }
