pragma circom 2.1.5;

include "../vote.circom";

component main {public [scope, message, excludedScope, excludedNullifier]} = Vote(20);
