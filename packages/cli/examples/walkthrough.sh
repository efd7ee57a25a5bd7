export MUTUA_SECRET='a long local secret'
pnpm mutua devnet --reset > devnet.log 2>&1 &           # chain, IPFS, status lists, relayer, a deployed mutual
pnpm mutua status --wait 120                            # waits for the devnet, then shows the mutual

# alice joins at the mutual's join desk: she sees its offer, pays the premium from her account, and her wallet
# receives the credential once the issuer's key admits her (the devnet's desk does it within seconds)
pnpm mutua member join --name alice                     # the offer in words; nothing is paid
pnpm -s mutua --json member join --name alice --account 1 --pay 300 > joined.json
pnpm mutua issuer deposit-capital --amount 5000

# two assessors (the devnet's quorum is 2 votes): each prints a seat; the members appoint them by vote
pnpm -s mutua --json assessor init --name ana > ana.json
pnpm -s mutua --json assessor init --name bruno > bruno.json
pnpm -s mutua --json governance propose --description "Seat Ana and Bruno as assessors" \
  --add-seat "$(node -p 'require("./ana.json").seat')" "$(node -p 'require("./bruno.json").seat')" > proposal.json
proposal="$(node -p 'require("./proposal.json").proposalId')"
pnpm mutua governance vote --name alice --proposal "$proposal" --for   # anonymous, sent by the relayer
pnpm mutua time-travel --seconds 86401                  # devnet only: the 1-day vote ends
pnpm mutua governance execute --proposal "$proposal"    # queued in the timelock
pnpm mutua time-travel --seconds 86401                  # devnet only: the timelock's 1-day delay passes
pnpm mutua governance execute --proposal "$proposal"    # executed: the seats are appointed
pnpm mutua governance status
pnpm mutua issuer open-incident --description "Storm surge at Kilifi harbour" --region KE-14 --claims-days 7 --voting-days 7

# the claim: evidence encrypted to the seated assessors (their keys come with their seats) and to a key only alice can re-derive, a zero-knowledge
# proof, submitted by the devnet's relayer (account 9): nothing on-chain or in the evidence names alice.
# The payout goes to a fresh address used nowhere else (not her account 1, not the relayer's account 9).
printf 'jpeg bytes of a broken hull' > photo.jpg
printf '{"damage": "hull breach"}' > form.json
pnpm -s mutua --json member claim --name alice --incident 1 --amount 1200 --account 1 \
  --recipient 0x5E64c038d60dEBF7242471093Ef7B26f6396cE6D --file photo.jpg form.json > claim.json
claim="$(node -p 'require("./claim.json").claimId')"

# sealed, anonymous assessment through the relayer, then payout
pnpm mutua assessor list --name ana
pnpm mutua assessor open --name ana --claim "$claim" --out evidence/
pnpm mutua assessor vote --name ana --claim "$claim" --approve --amount 1000 --reason "the photo shows the breach; the quote is high"
pnpm mutua assessor vote --name bruno --claim "$claim" --approve --reason "consistent with the storm"
pnpm mutua time-travel --seconds 1209601                # devnet only: the voting window ends
pnpm mutua assessor reveal --name ana                   # votes count once revealed
pnpm mutua assessor reveal --name bruno
pnpm mutua time-travel --seconds 3601                   # devnet only: the 1-hour reveal window ends
pnpm mutua settle --claim "$claim"                      # decided (or the devnet's keeper did it): payable after the 1-hour cooldown
pnpm mutua time-travel --seconds 3601
pnpm mutua settle --claim "$claim"                      # paid to the recipient the proof named
pnpm mutua member reasons --name alice --claim "$claim" # the assessors' reasons, sealed to alice alone
pnpm mutua member status --name alice --account 1       # her policy, her claim, her balance
pnpm mutua issuer revoke --credential "$(node -p 'require("./joined.json").credentialId')"
pnpm mutua devnet --stop                                # stops the devnet and all it started
