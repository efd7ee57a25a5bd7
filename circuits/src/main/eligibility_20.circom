pragma circom 2.1.5;

include "../eligibility.circom";

component main {public [claim, binding]} = Eligibility(20);
