pragma circom 2.1.5;

include "../eligibility.circom";

component main {public [claimAmount, now, scope, evidenceHash, recipient]} = Eligibility(20);
