# Set first: RPC (a test chain you control: Anvil, or a fork), one funded key per role and the addresses of those
# that need one: DEPLOYER_KEY DEPLOYER ISSUER_KEY ISSUER OPENER_KEY OPENER PAUSER RELAYER_KEY KEEPER_KEY
# MEMBER_KEY MEMBER, and three free ports: NODE_PORT RELAYER_PORT DESK_PORT.
export MUTUA_SECRET='the secret that encrypts the keys kept on disk'
export MUTUA_RPC="$RPC"
d="--deployment harbour-mutual"

# a test dollar (skip on a chain with a 6-decimal stablecoin), then the mutual and its contracts
mutua --json deploy-test-token --key "$DEPLOYER_KEY" --mint "$DEPLOYER" "$MEMBER" --amount 10000 > token.json
mutua deploy --key "$DEPLOYER_KEY" --name "Harbour Mutual" --token "$(node -p 'require("./token.json").token')" \
  --issuer "$ISSUER" --incident-opener "$OPENER" --pauser "$PAUSER" \
  --status-list-url "http://127.0.0.1:$NODE_PORT/status/members" --pinning-service "http://127.0.0.1:$NODE_PORT" \
  --relayer "http://127.0.0.1:$RELAYER_PORT" --join-desk "http://127.0.0.1:$DESK_PORT/join" \
  --voting-period 86400 --governance-delay 86400 --reveal-window 3600 --settlement-delay 3600

# the services, each its own process and key: evidence node (with the status list), relayer, join desk
mutua $d node --status-list --http-port "$NODE_PORT" --ipfs-port 0 --dir node > node.log 2>&1 & node_pid=$!
mutua $d relayer --key "$RELAYER_KEY" --port "$RELAYER_PORT" > relayer.log 2>&1 & relayer_pid=$!
mutua $d issuer desk --key "$ISSUER_KEY" --port "$DESK_PORT" --coverage 5000 --premium 300 > desk.log 2>&1 & desk_pid=$!
trap 'kill "$node_pid" "$relayer_pid" "$desk_pid"' EXIT   # this walkthrough stops them when it ends
mutua $d status --wait 120                          # the chain, and every service the deployment names answers

# a member joins at the desk (the offer in words first), capital comes in, the members seat two assessors
mutua $d member join --name alice
mutua $d member join --name alice --key "$MEMBER_KEY" --pay 300
mutua $d issuer deposit-capital --amount 5000 --key "$DEPLOYER_KEY"
mutua --json $d assessor init --name ana > ana.json
mutua --json $d assessor init --name bruno > bruno.json
mutua --json $d governance propose --key "$DEPLOYER_KEY" --description "Seat Ana and Bruno" \
  --add-seat "$(node -p 'require("./ana.json").seat')" "$(node -p 'require("./bruno.json").seat')" > proposal.json
proposal="$(node -p 'require("./proposal.json").proposalId')"
mutua $d governance vote --name alice --proposal "$proposal" --for
mutua $d time-travel --seconds 86401                # a test chain's clock; on a public testnet, wait the day
mutua $d governance execute --proposal "$proposal" --key "$DEPLOYER_KEY"
mutua $d time-travel --seconds 86401
mutua $d governance execute --proposal "$proposal" --key "$DEPLOYER_KEY"

# a storm: the opener opens an incident in words; alice claims through the relayer; the assessors vote sealed
mutua $d issuer open-incident --key "$OPENER_KEY" --description "Storm at the moorings" --region KE-14
printf 'jpeg bytes of a broken mooring' > photo.jpg
mutua --json $d member claim --name alice --incident 1 --amount 1200 \
  --recipient 0x5E64c038d60dEBF7242471093Ef7B26f6396cE6D --file photo.jpg > claim.json
claim="$(node -p 'require("./claim.json").claimId')"
mutua $d assessor open --name ana --claim "$claim" --out evidence/
mutua $d assessor vote --name ana --claim "$claim" --approve --reason "the mooring broke in the storm"
mutua $d assessor vote --name bruno --claim "$claim" --approve --reason "matches the harbour log"
mutua $d time-travel --seconds 1209601
mutua $d assessor reveal --name ana
mutua $d assessor reveal --name bruno

# a keeper decides it, and pays it after the cooldown (run `mutua keeper` for good, or register a keeper network)
mutua $d time-travel --seconds 3601
mutua $d keeper --key "$KEEPER_KEY" --once
mutua $d time-travel --seconds 3601
mutua $d keeper --key "$KEEPER_KEY" --once
mutua $d member status --name alice --key "$MEMBER_KEY"
