// A small command over the Go reference implementation of signed notes
// (golang.org/x/mod/sumdb/note), so tests can check habeas's notes against it.
//
//	go run main.go open VKEY NOTE_FILE   prints the verified text, then each verified signer
//	go run main.go sign SKEY TEXT_FILE   prints the note the reference implementation signs
//
// Exit status 1 when the note does not verify, 2 on bad usage.
package main

import (
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"
)

func fail(code int, err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(code)
}

func main() {
	if len(os.Args) != 4 {
		fail(2, fmt.Errorf("usage: main open VKEY NOTE_FILE | main sign SKEY TEXT_FILE"))
	}
	data, err := os.ReadFile(os.Args[3])
	if err != nil {
		fail(2, err)
	}
	switch os.Args[1] {
	case "open":
		v, err := note.NewVerifier(os.Args[2])
		if err != nil {
			fail(2, err)
		}
		n, err := note.Open(data, note.VerifierList(v))
		if err != nil {
			fail(1, err)
		}
		fmt.Print(n.Text)
		for _, s := range n.Sigs {
			fmt.Printf("verified %s %08x\n", s.Name, s.Hash)
		}
		for _, s := range n.UnverifiedSigs {
			fmt.Printf("unverified %s %08x\n", s.Name, s.Hash)
		}
	case "sign":
		s, err := note.NewSigner(os.Args[2])
		if err != nil {
			fail(2, err)
		}
		out, err := note.Sign(&note.Note{Text: string(data)}, s)
		if err != nil {
			fail(1, err)
		}
		os.Stdout.Write(out)
	default:
		fail(2, fmt.Errorf("unknown verb %q", os.Args[1]))
	}
}
