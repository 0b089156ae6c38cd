// The enrollment's inputs as an officer types them, or as a JSON file gives
// them: each field checked by the dossier's own validation the moment it is
// entered, the message naming what is wrong, and the prompt again.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "output.hpp"
#include "station/biometrics/raw_image.hpp"
#include "station/dossier/dossier.hpp"

namespace station {

// Where questions go and answers come from. `after_answer` runs after each
// answer: false means the officer's session had locked while the question
// waited and was opened again, so the answer is dropped and the question
// asked again (whoever typed it had not logged in); an error ends the prompts.
struct Prompter {
  std::istream& in;
  std::ostream& out;
  std::function<hal::Result<bool>()> after_answer;
};

// Asks each field in turn until it is acceptable. kCancelled when the input ends.
hal::Result<dossier::Demographics> prompt_demographics(Prompter& p, const dossier::PartialDate& today);
// Asks for a face image file (JPEG 2000, PNG, PGM) until one reads.
hal::Result<biometrics::RawImage> prompt_face(Prompter& p);
// A yes/no question; false on "n" or the end of input.
hal::Result<bool> confirm(Prompter& p, const std::string& question);

// What the officer reads back before sealing (no images).
void print_review(const Output& out, const dossier::Dossier& d);

}  // namespace station
