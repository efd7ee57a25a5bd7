// French (fr). Keys are the English messages in the code; typographic apostrophes (’) keep ICU quoting out of the way.
import type { Catalog } from "../translate.ts";

const catalog: Catalog = {
  Lock: "Verrouiller",
  "Skip to content": "Aller au contenu",
  "Something went wrong": "Un problème est survenu",
  "Back to your wallet": "Retour à votre portefeuille",
  "That QR code is not part of a Mutua wallet backup.": "Ce code QR ne fait pas partie d’une sauvegarde de portefeuille Mutua.",
  "That QR code belongs to another backup (its part count differs). Start again with one backup.":
    "Ce code QR appartient à une autre sauvegarde (son nombre de parties diffère). Recommencez avec une seule sauvegarde.",
  "This browser cannot read images.": "Ce navigateur ne sait pas lire les images.",
  "No QR code was found in that image. Try a sharper, closer picture.":
    "Aucun code QR n’a été trouvé dans cette image. Essayez une photo plus nette, prise de plus près.",
  "Your Ethereum wallet did not share an account: allow this site in the wallet, then try again.":
    "Votre portefeuille Ethereum n’a partagé aucun compte : autorisez ce site dans le portefeuille, puis réessayez.",
  "Your Ethereum wallet is on chain {theirs}; switch it to chain {ours}, the mutual's.":
    "Votre portefeuille Ethereum est sur la chaîne {theirs} ; passez-le sur la chaîne {ours}, celle de la mutuelle.",
  "Paying needs an Ethereum wallet in this browser (a wallet extension or a wallet app's browser).":
    "Pour payer, il faut un portefeuille Ethereum dans ce navigateur (une extension de portefeuille ou le navigateur d’une application de portefeuille).",
  "browser wallet": "portefeuille du navigateur",
  "devnet account": "compte du réseau de développement",
  "The app cannot reach its server to learn which mutual it serves. Check your connection.":
    "L’application ne joint pas son serveur pour savoir quelle mutuelle elle sert. Vérifiez votre connexion.",
  "This app is not set up for a mutual yet (its mutua.json is missing).":
    "Cette application n’est pas encore configurée pour une mutuelle (son fichier mutua.json manque).",
  "{amount} {symbol}": "{amount} {symbol}",
  "Mutua cannot start": "Mutua ne peut pas démarrer",
  "Your wallet is locked: unlock it first.": "Votre portefeuille est verrouillé : déverrouillez-le d’abord.",
  "Claims to assess": "Demandes à évaluer",
  "Checking whether your seat is appointed…": "Vérification de la nomination de votre siège…",
  "No sealed vote waits to be revealed.": "Aucun vote scellé n’attend d’être révélé.",
  "{count, plural, one {# sealed vote waits} other {# sealed votes wait}} to be revealed once voting closes.":
    "{count, plural, one {# vote scellé attend} other {# votes scellés attendent}} d’être révélés à la clôture du vote.",
  "Your seat is appointed: you can vote on the claims below while their voting is open.":
    "Votre siège est nommé : vous pouvez voter sur les demandes ci-dessous tant que leur vote est ouvert.",
  "Your seat is not appointed yet: the members appoint it by a governance vote. Until then you cannot vote.":
    "Votre siège n’est pas encore nommé : les membres le nomment par un vote de gouvernance. D’ici là, vous ne pouvez pas voter.",
  "No claims have been filed.": "Aucune demande n’a été déposée.",
  "Updated {time}; it updates itself.": "Mis à jour à {time} ; se met à jour tout seul.",
  "The claims cannot be read now: {reason}": "Les demandes ne peuvent pas être lues pour l’instant : {reason}",
  "Not updated: {reason}": "Pas mis à jour : {reason}",
  "Assess claims": "Évaluer les demandes",
  "Your assessor seat (members appoint it by a governance vote):":
    "Votre siège d’évaluateur (les membres le nomment par un vote de gouvernance) :",
  "Your DID, to which claimants seal evidence:": "Votre DID, auquel les demandeurs scellent leurs preuves :",
  "Reveal my votes": "Révéler mes votes",
  "Revealing the votes whose voting has closed…": "Révélation des votes dont le scrutin est clos…",
  "Revealed {count, plural, one {# vote} other {# votes}}.": "{count, plural, one {# vote révélé} other {# votes révélés}}.",
  "{count} wait for voting to close.": "{count} attendent la clôture du vote.",
  "{count} missed the reveal window.": "{count} ont manqué la période de révélation.",
  "Voting open until {commit}; votes are revealed until {reveal}.":
    "Vote ouvert jusqu’au {commit} ; les votes sont révélés jusqu’au {reveal}.",
  "Voting closed on {commit}; reveal your vote by {reveal}.": "Vote clos le {commit} ; révélez votre vote avant le {reveal}.",
  "Voting closed on {commit} and its reveal window on {reveal}.": "Vote clos le {commit} et sa période de révélation le {reveal}.",
  Approve: "Approuver",
  Reject: "Rejeter",
  "You will reject this claim of {amount}.": "Vous allez rejeter cette demande de {amount}.",
  "That is more than the {asked} asked: an approval is at most what was asked.":
    "C’est plus que les {asked} demandés : une approbation ne dépasse jamais la somme demandée.",
  "You will approve {amount} of the {asked} asked.": "Vous allez approuver {amount} sur les {asked} demandés.",
  "Write the amount to approve like 250 or 250.50.": "Écrivez le montant à approuver comme 250 ou 250,50.",
  "Loading the vote circuit…": "Chargement du circuit de vote…",
  "Proving your seat, anonymously…": "Preuve de votre siège, anonymement…",
  "Checking whether it is sealed to you…": "Vérification : est-ce scellé pour vous ?…",
  "Sealed to you: you can open and assess it.": "Scellé pour vous : vous pouvez l’ouvrir et l’évaluer.",
  "Not sealed to you.": "Pas scellé pour vous.",
  "Whether it is sealed to you cannot be checked now: {reason}":
    "Impossible de vérifier pour l’instant si c’est scellé pour vous : {reason}",
  "Incident {id}: {amount}": "Incident {id} : {amount}",
  "Status: {status}. Sealed votes: {count}.": "État : {status}. Votes scellés : {count}.",
  "Open the evidence of incident {id}": "Ouvrir les preuves de l’incident {id}",
  "Open the evidence": "Ouvrir les preuves",
  "Fetching and decrypting…": "Récupération et déchiffrement…",
  "You cast a sealed vote on this claim.": "Vous avez déposé un vote scellé sur cette demande.",
  "Vote on incident {id}": "Voter sur l’incident {id}",
  Decision: "Décision",
  "Amount to approve ({symbol})": "Montant à approuver ({symbol})",
  "Reason (sealed to the claimant)": "Motif (scellé pour le demandeur)",
  "Cast a sealed vote": "Déposer un vote scellé",
  "“{text}” is not an amount: write it like 250 or 250.50.": "« {text} » n’est pas un montant : écrivez-le comme 250 ou 250,50.",
  "Give the claimant a reason: it is sealed so that only they read it.":
    "Donnez un motif au demandeur : il est scellé pour que lui seul le lise.",
  "Preparing your sealed vote…": "Préparation de votre vote scellé…",
  "Your sealed vote is in. Reveal it after voting closes.": "Votre vote scellé est enregistré. Révélez-le après la clôture du vote.",
  "Your last backup is up to date: it restores this wallet as it is now.":
    "Votre dernière sauvegarde est à jour : elle restaure ce portefeuille tel qu’il est maintenant.",
  "Your wallet changed since your last backup (or you have none): make a new one below and keep it instead of the old one.":
    "Votre portefeuille a changé depuis votre dernière sauvegarde (ou vous n’en avez pas) : faites-en une nouvelle ci-dessous et gardez-la à la place de l’ancienne.",
  "Back up your wallet": "Sauvegarder votre portefeuille",
  "A backup holds, encrypted under your passphrase: your identity, your secret for {mutuals, plural, one {this mutual} other {# mutuals}} (what your claims and votes are proven with) and {credentials, plural, one {your membership credential} other {# membership credentials}}. Keep it somewhere other than this phone: without it, a lost phone means a lost membership.":
    "Une sauvegarde contient, chiffrés sous votre phrase secrète : votre identité, votre secret pour {mutuals, plural, one {cette mutuelle} other {# mutuelles}} (avec lequel vos demandes et vos votes sont prouvés) et {credentials, plural, one {votre attestation d’adhésion} other {# attestations d’adhésion}}. Gardez-la ailleurs que sur ce téléphone : sans elle, un téléphone perdu, c’est une adhésion perdue.",
  "Download a backup file": "Télécharger un fichier de sauvegarde",
  "Sealing your backup…": "Scellement de votre sauvegarde…",
  "Saved as {file}. It opens with your passphrase.": "Enregistrée sous {file}. Elle s’ouvre avec votre phrase secrète.",
  "Show the backup as QR codes": "Afficher la sauvegarde en codes QR",
  "Show as QR codes": "Afficher en codes QR",
  "Backup QR code, part {part} of {count}": "Code QR de sauvegarde, partie {part} sur {count}",
  "Part {part} of {count}": "Partie {part} sur {count}",
  "Photograph all {count} codes with another device; restore reads them in any order.":
    "Photographiez les {count} codes avec un autre appareil ; la restauration les lit dans n’importe quel ordre.",
  "Reading the member list": "Lecture de la liste des membres",
  "Encrypting and storing your evidence": "Chiffrement et dépôt de vos preuves",
  "Proving you are covered, without saying who you are": "Preuve que vous êtes couvert, sans dire qui vous êtes",
  "Sending the claim through the relayer": "Envoi de la demande par le relais",
  "Add at least one photo or document as evidence.": "Ajoutez au moins une photo ou un document comme preuve.",
  "“{file}” is {size} MB; each file may be at most {limit} MB. Choose a smaller photo or scan.":
    "« {file} » pèse {size} Mo ; chaque fichier ne peut dépasser {limit} Mo. Choisissez une photo ou un scan plus léger.",
  "The files add up to {size} MB; a claim may carry at most {limit} MB.":
    "Les fichiers totalisent {size} Mo ; une demande peut en porter {limit} Mo au plus.",
  "The amount must be more than 0.": "Le montant doit être supérieur à 0.",
  "Loading the open incidents…": "Chargement des incidents ouverts…",
  "Evidence to send": "Preuves à envoyer",
  "{file} ({size} KB)": "{file} ({size} Ko)",
  "Claim progress": "Avancement de la demande",
  "File a claim": "Déposer une demande",
  "Your evidence is encrypted in this browser to you and the mutual's assessors. The claim proves you are covered without naming you.":
    "Vos preuves sont chiffrées dans ce navigateur, pour vous et pour les évaluateurs de la mutuelle. La demande prouve que vous êtes couvert sans vous nommer.",
  Incident: "Incident",
  "The event your loss belongs to: when it happened and until when claims are taken.":
    "L’événement auquel votre sinistre appartient : quand il a eu lieu et jusqu’à quand les demandes sont reçues.",
  "Amount ({symbol})": "Montant ({symbol})",
  "Payout address": "Adresse de versement",
  "Where the payout goes. Use an address that never paid premiums, or the claim can be linked to you.":
    "Où va le versement. Utilisez une adresse qui n’a jamais payé de cotisation, sinon la demande peut être reliée à vous.",
  "Take a photo": "Prendre une photo",
  "Add photos or documents": "Ajouter des photos ou des documents",
  "Up to {limit} MB each.": "Jusqu’à {limit} Mo chacun.",
  "File the claim": "Déposer la demande",
  "Choose the incident your loss belongs to.": "Choisissez l’incident auquel votre sinistre appartient.",
  "The payout address must be 0x followed by 40 hexadecimal characters.":
    "L’adresse de versement doit être 0x suivi de 40 caractères hexadécimaux.",
  "proving… {seconds} s": "preuve en cours… {seconds} s",
  "loading the circuit (first time only)…": "chargement du circuit (la première fois seulement)…",
  "File the claim anyway?": "Déposer la demande quand même ?",
  "starting…": "démarrage…",
  "done in {seconds} s": "fait en {seconds} s",
  "Your claim is filed.": "Votre demande est déposée.",
  "No incident takes claims now": "Aucun incident ne reçoit de demandes pour l’instant",
  "Choose the incident": "Choisissez l’incident",
  "Incident {id}": "Incident {id}",
  "{name} ({region}): loss {loss}, claims until {close}": "{name} ({region}) : sinistre du {loss}, demandes jusqu’au {close}",
  "{name}: loss {loss}, claims until {close}": "{name} : sinistre du {loss}, demandes jusqu’au {close}",
  "The open incidents could not be read: check your connection": "Les incidents ouverts n’ont pas pu être lus : vérifiez votre connexion",
  Filed: "Déposée",
  "Filed: the assessors are reviewing it": "Déposée : les évaluateurs l’examinent",
  Approved: "Approuvée",
  "Approved: the payout is on its way": "Approuvée : le versement est en route",
  Rejected: "Rejetée",
  Expired: "Expirée",
  "Expired: not decided in time": "Expirée : pas décidée à temps",
  Paid: "Payée",
  Lapsed: "Caduque",
  "Lapsed: paying the recipient failed for 30 days": "Caduque : le versement au destinataire a échoué pendant 30 jours",
  Appealed: "En appel",
  "Appealed: the members are reviewing it": "En appel : les membres l’examinent",
  "checking…": "vérification…",
  "state unknown (offline?)": "état inconnu (hors ligne ?)",
  "My claims": "Mes demandes",
  "You have not filed a claim from this wallet.": "Vous n’avez déposé aucune demande depuis ce portefeuille.",
  "{incident}: {amount}": "{incident} : {amount}",
  "Filed {when}": "Déposée le {when}",
  "Claim not found": "Demande introuvable",
  "This wallet filed no claim with that id.": "Ce portefeuille n’a déposé aucune demande avec cet identifiant.",
  "Get the decision": "Obtenir la décision",
  "Collect my payout": "Recevoir mon versement",
  "Get the decision now": "Obtenir la décision maintenant",
  "Collect my payout now": "Recevoir mon versement maintenant",
  "Asking the chain to decide your claim…": "La chaîne est invitée à décider de votre demande…",
  "Asking the chain to pay your claim…": "La chaîne est invitée à payer votre demande…",
  "Paid.": "Payée.",
  "Your claim is now {status}.": "Votre demande est maintenant : {status}.",
  "Asked: {amount} to {recipient}.": "Demandé : {amount} pour {recipient}.",
  "Paid: {amount}.": "Payé : {amount}.",
  "Approved: {amount}.": "Approuvé : {amount}.",
  "Less than the {asked} you asked: the mutual pays the largest amount that more than half of the approving assessors accepted. You can appeal a cut within the cooldown after the decision.":
    "Moins que les {asked} demandés : la mutuelle paie le plus grand montant accepté par plus de la moitié des évaluateurs favorables. Vous pouvez faire appel d’une réduction pendant le délai qui suit la décision.",
  "Payable from {day}: a keeper pays it then, or you collect it here yourself.":
    "Payable à partir du {day} : un gardien le paie alors, ou vous le recevez ici vous-même.",
  Assessment: "Évaluation",
  "{commits, plural, one {# sealed vote} other {# sealed votes}}; {approvals, plural, one {# approval} other {# approvals}} and {rejections, plural, one {# rejection} other {# rejections}} revealed; {quorum} needed.":
    "{commits, plural, one {# vote scellé} other {# votes scellés}} ; {approvals, plural, one {# approbation} other {# approbations}} et {rejections, plural, one {# rejet} other {# rejets}} révélés ; {quorum} nécessaires.",
  "No assessor has voted yet.": "Aucun évaluateur n’a encore voté.",
  "Assessors' reasons": "Motifs des évaluateurs",
  "Approve {amount}: “{reason}”": "Approuver {amount} : « {reason} »",
  "Reject: “{reason}”": "Rejeter : « {reason} »",
  "This claim's status cannot be read now: {reason}": "L’état de cette demande ne peut pas être lu pour l’instant : {reason}",
  "Claim for incident {id}": "Demande pour l’incident {id}",
  "Open my evidence": "Ouvrir mes preuves",
  "All my claims": "Toutes mes demandes",
  "which mutual covers you": "quelle mutuelle vous couvre",
  "what you are covered for": "ce pour quoi vous êtes couvert",
  "the range of your cover limit": "la tranche de votre plafond de garantie",
  "the days you are covered": "les jours où vous êtes couvert",
  "that your membership stands": "que votre adhésion est en règle",
  "You can prove your cover {count, plural, one {# more time} other {# more times}}; each proof is new, so two verifiers cannot tell it is you.":
    "Vous pouvez prouver votre couverture {count, plural, one {encore # fois} other {encore # fois}} ; chaque preuve est nouvelle, donc deux vérificateurs ne peuvent pas savoir que c’est vous.",
  "You have no proofs of cover yet: they come with your membership, or add them from your mutual's offer below.":
    "Vous n’avez pas encore de preuves de couverture : elles viennent avec votre adhésion, ou ajoutez-les depuis l’offre de votre mutuelle ci-dessous.",
  "Prove my cover": "Prouver ma couverture",
  "The verifier's link": "Le lien du vérificateur",
  "Paste the link the verifier shows you (under its QR code).": "Collez le lien que le vérificateur vous montre (sous son code QR).",
  Continue: "Continuer",
  "That is not a verifier's link: it starts with openid4vp://.": "Ce n’est pas un lien de vérificateur : il commence par openid4vp://.",
  "Reading what the verifier asks…": "Lecture de ce que demande le vérificateur…",
  "asks to see:": "demande à voir :",
  "What the verifier asks": "Ce que demande le vérificateur",
  "Nothing else about you or your claims is shared. Press Share to show it.":
    "Rien d’autre sur vous ou vos demandes n’est partagé. Appuyez sur Partager pour le montrer.",
  Share: "Partager",
  "Sharing with the verifier…": "Partage avec le vérificateur…",
  "The verifier did not accept it: {reason}.": "Le vérificateur ne l’a pas accepté : {reason}.",
  "no reason given": "aucun motif donné",
  "Shown. The verifier sees that you are covered.": "Montré. Le vérificateur voit que vous êtes couvert.",
  "Add proofs of cover": "Ajouter des preuves de couverture",
  "The mutual's offer link": "Le lien de l’offre de la mutuelle",
  "The six-digit code sent with it": "Le code à six chiffres envoyé avec",
  "Add proofs": "Ajouter les preuves",
  "That is not a credential offer: it starts with openid-credential-offer://.":
    "Ce n’est pas une offre d’attestation : elle commence par openid-credential-offer://.",
  "Receiving from the mutual…": "Réception depuis la mutuelle…",
  "Added {count, plural, one {# proof} other {# proofs}} of cover.":
    "{count, plural, one {# preuve de couverture ajoutée} other {# preuves de couverture ajoutées}}.",
  "Add proofs from an offer the mutual sent you": "Ajouter des preuves depuis une offre envoyée par la mutuelle",
  "Disaster cover": "Couverture catastrophes",
  "This mutual sells no disaster cover.": "Cette mutuelle ne vend pas de couverture catastrophes.",
  "Disaster events": "Événements de catastrophe",
  "No disaster event so far.": "Aucun événement de catastrophe jusqu’ici.",
  "When an agreed index (rain, wind) crosses its threshold in your region, your policy pays a fixed amount at once: no evidence, no vote.":
    "Quand un indice convenu (pluie, vent) dépasse son seuil dans votre région, votre police paie aussitôt un montant fixe : sans preuve, sans vote.",
  "Your wallet checks which events cover you; nothing about you is sent to anyone.":
    "Votre portefeuille vérifie quels événements vous couvrent ; rien sur vous n’est envoyé à personne.",
  "Region {region}, {day}: pays {amount} to each covered member.": "Région {region}, {day} : paie {amount} à chaque membre couvert.",
  "You claimed it.": "Vous l’avez demandé.",
  "Not covered: {reason}.": "Non couvert : {reason}.",
  "no policy of yours covers it": "aucune de vos polices ne le couvre",
  "Claims closed on {day}.": "Demandes closes le {day}.",
  "Claim {amount}": "Demander {amount}",
  "Your policy covers this event. Claim by {day}.": "Votre police couvre cet événement. Faites la demande avant le {day}.",
  "Use an address that never paid premiums, or the claim can be linked to you.":
    "Utilisez une adresse qui n’a jamais payé de cotisation, sinon la demande peut être reliée à vous.",
  "Loading the circuit (first time only)…": "Chargement du circuit (la première fois seulement)…",
  "Proving you are covered, without saying who you are…": "Preuve que vous êtes couvert, sans dire qui vous êtes…",
  "Claim anyway?": "Faire la demande quand même ?",
  "Reading the member list as it was at the event…": "Lecture de la liste des membres telle qu’elle était lors de l’événement…",
  "Sending the claim through the relayer…": "Envoi de la demande par le relais…",
  "Paid {amount} to {recipient}.": "{amount} payés à {recipient}.",
  valid: "valide",
  revoked: "révoquée",
  expired: "expirée",
  "not yet valid": "pas encore valide",
  unchecked: "non vérifiée",
  "Covers up to {limit} per claim, for losses from {start} to {end} (policy {policy}).":
    "Couvre jusqu’à {limit} par demande, pour les sinistres du {start} au {end} (police {policy}).",
  "The mutual revoked it: it no longer covers claims.": "La mutuelle l’a révoquée : elle ne couvre plus les demandes.",
  "Renew your membership to be covered again.": "Renouvelez votre adhésion pour être de nouveau couvert.",
  "Its status could not be checked now: {reason}": "Son état n’a pas pu être vérifié pour l’instant : {reason}",
  "{event}: your policy pays {amount}.": "{event} : votre police paie {amount}.",
  "Your memberships": "Vos adhésions",
  "You are not a member yet. Ask to join: the mutual will offer you a policy.":
    "Vous n’êtes pas encore membre. Demandez à adhérer : la mutuelle vous proposera une police.",
  Membership: "Adhésion",
  "Claim it now": "Le demander maintenant",
  "Your wallet holds a membership your last backup does not: without a new backup, a lost phone loses the membership.":
    "Votre portefeuille contient une adhésion que votre dernière sauvegarde n’a pas : sans nouvelle sauvegarde, un téléphone perdu fait perdre l’adhésion.",
  "Your wallet has no backup yet: without one, a lost phone loses your identity and its secret.":
    "Votre portefeuille n’a pas encore de sauvegarde : sans elle, un téléphone perdu fait perdre votre identité et son secret.",
  "Make a backup now": "Faire une sauvegarde maintenant",
  "Your member identity:": "Votre identité de membre :",
  "Member actions": "Actions du membre",
  "Join the mutual": "Adhérer à la mutuelle",
  "Renew or add a policy": "Renouveler ou ajouter une police",
  "My claims ({count})": "Mes demandes ({count})",
  "Back up my wallet": "Sauvegarder mon portefeuille",
  "This offer was made to another wallet: paying it would not cover you.":
    "Cette offre a été faite à un autre portefeuille : la payer ne vous couvrirait pas.",
  "Join with an offer the mutual sent you": "Adhérer avec une offre envoyée par la mutuelle",
  "Reading the mutual's offer…": "Lecture de l’offre de la mutuelle…",
  "Why this premium": "Pourquoi cette cotisation",
  "The mutual covers up to {limit} per claim for {days} days, for a premium of {premium}.":
    "La mutuelle couvre jusqu’à {limit} par demande pendant {days} jours, pour une cotisation de {premium}.",
  "It asks to see a credential from your wallet first: {purpose}.":
    "Elle demande d’abord à voir une attestation de votre portefeuille : {purpose}.",
  "Do not pay this offer: {reason}": "Ne payez pas cette offre : {reason}",
  "The mutual's join desk cannot be reached now: check your connection.":
    "Le guichet d’adhésion de la mutuelle est injoignable pour l’instant : vérifiez votre connexion.",
  "Your offer: premium {premium} for cover up to {limit} per claim, {start} to {end}.":
    "Votre offre : cotisation de {premium} pour une couverture jusqu’à {limit} par demande, du {start} au {end}.",
  "The mutual asks to see, from your wallet: {claims}.": "La mutuelle demande à voir, depuis votre portefeuille : {claims}.",
  "Show it from my wallet": "Le montrer depuis mon portefeuille",
  "Only what is asked is shown; the mutual keeps who vouched for it, not what it said.":
    "Seul ce qui est demandé est montré ; la mutuelle garde qui s’en est porté garant, pas ce qui a été dit.",
  "Waiting for your wallet to show the credential…": "En attente que votre portefeuille montre l’attestation…",
  "Your wallet did not answer within 10 minutes. Press the button again for a new request.":
    "Votre portefeuille n’a pas répondu en 10 minutes. Appuyez de nouveau sur le bouton pour une nouvelle demande.",
  "Your wallet showed it: thank you.": "Votre portefeuille l’a montrée : merci.",
  "Asking the mutual for your offer…": "Demande de votre offre à la mutuelle…",
  "Paid. Waiting for the mutual to admit you (usually a few seconds)…":
    "Payé. En attente de votre admission par la mutuelle (quelques secondes en général)…",
  "You paid, but the mutual has not admitted you yet. Come back to this screen later: it will finish.":
    "Vous avez payé, mais la mutuelle ne vous a pas encore admis. Revenez sur cet écran plus tard : il terminera.",
  "You are a member. Receiving your proofs of cover…": "Vous êtes membre. Réception de vos preuves de couverture…",
  "You are a member.": "Vous êtes membre.",
  "Your join could not be finished yet: {reason}": "Votre adhésion n’a pas encore pu être terminée : {reason}",
  "Join now": "Adhérer maintenant",
  Join: "Adhérer",
  "Pay the premium and join": "Payer la cotisation et adhérer",
  "The mutual refused this payment ({reason}). Ask for a new offer.":
    "La mutuelle a refusé ce paiement ({reason}). Demandez une nouvelle offre.",
  "That offer has closed: asking the mutual for a new one…": "Cette offre est close : demande d’une nouvelle offre à la mutuelle…",
  "Your earlier offer had closed. Check the new one above, then pay.":
    "Votre offre précédente était close. Vérifiez la nouvelle ci-dessus, puis payez.",
  "Asking your {account} to pay {premium}…": "Votre {account} est invité à payer {premium}…",
  "Premium {premium} for cover up to {limit} per claim, {start} to {end}.":
    "Cotisation de {premium} pour une couverture jusqu’à {limit} par demande, du {start} au {end}.",
  "1. Ask to join": "1. Demander à adhérer",
  "Send this request to the mutual. It holds your identity and a commitment to your secret; the secret stays here.":
    "Envoyez cette demande à la mutuelle. Elle contient votre identité et un engagement envers votre secret ; le secret reste ici.",
  "Your membership request": "Votre demande d’adhésion",
  "Copy the request": "Copier la demande",
  "Download the request": "Télécharger la demande",
  "2. Pay the premium": "2. Payer la cotisation",
  "Pay the premium": "Payer la cotisation",
  "The mutual's offer": "L’offre de la mutuelle",
  "Paste the offer the mutual sent you.": "Collez l’offre que la mutuelle vous a envoyée.",
  "Asking your Ethereum wallet to pay…": "Votre portefeuille Ethereum est invité à payer…",
  "Paid from your {account} {address} (transaction {transaction}…). The mutual can now admit you.":
    "Payé depuis votre {account} {address} (transaction {transaction}…). La mutuelle peut maintenant vous admettre.",
  "3. Keep your credential": "3. Garder votre attestation",
  "Keep the credential": "Garder l’attestation",
  "The credential you received": "L’attestation que vous avez reçue",
  "Paste the credential the mutual sent you once it admitted you.":
    "Collez l’attestation que la mutuelle vous a envoyée après vous avoir admis.",
  "That is not a credential: paste the whole text the mutual sent (three parts separated by dots).":
    "Ce n’est pas une attestation : collez tout le texte envoyé par la mutuelle (trois parties séparées par des points).",
  "Kept. You are a member.": "Gardée. Vous êtes membre.",
  "Unlock your wallet": "Déverrouiller votre portefeuille",
  "Your wallet for {mutual} is kept in this browser, encrypted under your passphrase.":
    "Votre portefeuille pour {mutual} est gardé dans ce navigateur, chiffré sous votre phrase secrète.",
  Unlock: "Déverrouiller",
  Passphrase: "Phrase secrète",
  "Opening your wallet…": "Ouverture de votre portefeuille…",
  "Use another wallet": "Utiliser un autre portefeuille",
  "Deleting removes the wallet from this browser. Without a backup, its memberships and claims are lost.":
    "Supprimer retire le portefeuille de ce navigateur. Sans sauvegarde, ses adhésions et ses demandes sont perdues.",
  "Delete this wallet": "Supprimer ce portefeuille",
  "Type DELETE to confirm": "Tapez DELETE pour confirmer",
  "Type DELETE (in capitals) to confirm.": "Tapez DELETE (en majuscules) pour confirmer.",
  "Join {mutual}": "Adhérer à {mutual}",
  "Your wallet is made in this browser: your identity and its secret never leave it unencrypted. Choose a passphrase to protect it.":
    "Votre portefeuille est créé dans ce navigateur : votre identité et son secret n’en sortent jamais en clair. Choisissez une phrase secrète pour le protéger.",
  "Create a wallet": "Créer un portefeuille",
  "New passphrase": "Nouvelle phrase secrète",
  "At least {count} characters. Nobody can recover it for you.": "Au moins {count} caractères. Personne ne peut la retrouver pour vous.",
  "Repeat the passphrase": "Répétez la phrase secrète",
  "Create my wallet": "Créer mon portefeuille",
  "The two passphrases differ: type the same one twice.": "Les deux phrases secrètes diffèrent : tapez deux fois la même.",
  "Creating your wallet…": "Création de votre portefeuille…",
  "Restore a backup": "Restaurer une sauvegarde",
  "Backup file": "Fichier de sauvegarde",
  "The file you saved from this app (the SDK wallet's backup format).":
    "Le fichier enregistré depuis cette application (le format de sauvegarde du portefeuille du SDK).",
  "Or photos of its QR codes": "Ou des photos de ses codes QR",
  "Every part, in any order.": "Toutes les parties, dans n’importe quel ordre.",
  "The backup's passphrase": "La phrase secrète de la sauvegarde",
  Restore: "Restaurer",
  "Only {have} of the {count} QR codes were given: add the others.":
    "Seuls {have} des {count} codes QR ont été fournis : ajoutez les autres.",
  "Restoring your wallet…": "Restauration de votre portefeuille…",
  "This browser already holds a wallet. Unlock it, or delete it first (keep a backup!).":
    "Ce navigateur contient déjà un portefeuille. Déverrouillez-le, ou supprimez-le d’abord (gardez une sauvegarde !).",
  "This browser holds no wallet yet: create one, or restore a backup.":
    "Ce navigateur ne contient pas encore de portefeuille : créez-en un, ou restaurez une sauvegarde.",
  "This browser already holds a wallet: delete it before restoring another one.":
    "Ce navigateur contient déjà un portefeuille : supprimez-le avant d’en restaurer un autre.",
  "Choose a passphrase of at least {count} characters: it is all that protects your wallet.":
    "Choisissez une phrase secrète d’au moins {count} caractères : c’est tout ce qui protège votre portefeuille.",
  "{units} base units": "{units} unités de base",
  "That passphrase does not open this wallet. Check it and try again (capital letters count).":
    "Cette phrase secrète n’ouvre pas ce portefeuille. Vérifiez-la et réessayez (les majuscules comptent).",
  "Choose a passphrase of at least 10 characters.": "Choisissez une phrase secrète d’au moins 10 caractères.",
  "This file is not a Mutua wallet backup, or it was changed.":
    "Ce fichier n’est pas une sauvegarde de portefeuille Mutua, ou il a été modifié.",
  "You are not a member of this mutual yet: ask to join first, then accept the credential you receive.":
    "Vous n’êtes pas encore membre de cette mutuelle : demandez d’abord à adhérer, puis acceptez l’attestation que vous recevez.",
  "Your membership is not in the mutual's member list: it was revoked, or you were never admitted.":
    "Votre adhésion n’est pas dans la liste des membres de la mutuelle : elle a été révoquée, ou vous n’avez jamais été admis.",
  "The mutual revoked this membership credential.": "La mutuelle a révoqué cette attestation d’adhésion.",
  "This membership credential has expired.": "Cette attestation d’adhésion a expiré.",
  "Your policy does not cover this incident: {reason}.": "Votre police ne couvre pas cet incident : {reason}.",
  "Your policy does not cover that much: it pays up to {limit} per claim, and this claim asks {asked}.":
    "Votre police ne couvre pas autant : elle paie jusqu’à {limit} par demande, et cette demande réclame {asked}.",
  "Your policy does not cover that much: {reason}.": "Votre police ne couvre pas autant : {reason}.",
  "Your policy had expired when this incident happened.": "Votre police avait expiré quand cet incident a eu lieu.",
  "Your policy does not include this disaster cover.": "Votre police n’inclut pas cette couverture catastrophes.",
  "The mutual's offer asks a premium its members' rate table does not give for you: nothing was paid. Ask the mutual why.":
    "L’offre de la mutuelle demande une cotisation que la grille tarifaire de ses membres ne donne pas pour vous : rien n’a été payé. Demandez pourquoi à la mutuelle.",
  "The offer's premium comes from a rate table the members never adopted: nothing was paid. Ask the mutual why.":
    "La cotisation de l’offre vient d’une grille tarifaire que les membres n’ont jamais adoptée : rien n’a été payé. Demandez pourquoi à la mutuelle.",
  "The offer writes your policy for another rating class than yours: nothing was paid. Ask the mutual why.":
    "L’offre établit votre police pour une autre classe de risque que la vôtre : rien n’a été payé. Demandez pourquoi à la mutuelle.",
  "You already claimed this event: each member is paid once per event.":
    "Vous avez déjà fait une demande pour cet événement : chaque membre est payé une fois par événement.",
  "Your membership began after this event: it does not cover it.": "Votre adhésion a commencé après cet événement : elle ne le couvre pas.",
  "Claims for this event have closed.": "Les demandes pour cet événement sont closes.",
  "The mutual is paused by its members: no claim is paid until it resumes. Try again later.":
    "La mutuelle est suspendue par ses membres : aucune demande n’est payée jusqu’à sa reprise. Réessayez plus tard.",
  "Your policy had not started when this incident happened.": "Votre police n’avait pas commencé quand cet incident a eu lieu.",
  "Claims cannot be made for that incident: {reason}.": "Aucune demande n’est possible pour cet incident : {reason}.",
  "A file is too large: {reason}. Choose a smaller photo or document.":
    "Un fichier est trop lourd : {reason}. Choisissez une photo ou un document plus léger.",
  "The evidence store cannot be reached, so nothing was sent. Check your connection and try again.":
    "Le dépôt de preuves est injoignable, donc rien n’a été envoyé. Vérifiez votre connexion et réessayez.",
  "The evidence store refused the upload: {reason}": "Le dépôt de preuves a refusé l’envoi : {reason}",
  "The evidence could not be fetched from the evidence store right now. Try again in a moment.":
    "Les preuves n’ont pas pu être récupérées du dépôt pour l’instant. Réessayez dans un moment.",
  "This evidence was not sealed to you, so you cannot open it.":
    "Ces preuves n’ont pas été scellées pour vous, vous ne pouvez donc pas les ouvrir.",
  "This evidence was changed after it was sealed: do not trust it.":
    "Ces preuves ont été modifiées après leur scellement : ne vous y fiez pas.",
  "The relayer cannot be reached, so your claim was not sent. Your form is kept: try again when you are online.":
    "Le relais est injoignable, donc votre demande n’a pas été envoyée. Votre formulaire est conservé : réessayez une fois en ligne.",
  "The relayer is busy with your earlier requests. Wait a minute and try again.":
    "Le relais est occupé par vos demandes précédentes. Attendez une minute et réessayez.",
  "A claim for this incident was already filed with your membership: one claim per incident.":
    "Une demande pour cet incident a déjà été déposée avec votre adhésion : une demande par incident.",
  "The blockchain node cannot be reached. Check your connection and try again.":
    "Le nœud de la blockchain est injoignable. Vérifiez votre connexion et réessayez.",
  "The mutual's join desk cannot be reached, so nothing was paid. Check your connection and try again.":
    "Le guichet d’adhésion de la mutuelle est injoignable, donc rien n’a été payé. Vérifiez votre connexion et réessayez.",
  "The mutual's join desk is busy. Nothing was paid: try again in a few minutes.":
    "Le guichet d’adhésion de la mutuelle est occupé. Rien n’a été payé : réessayez dans quelques minutes.",
  "The mutual refused this payment: {reason}. Ask for a new offer.":
    "La mutuelle a refusé ce paiement : {reason}. Demandez une nouvelle offre.",
  "The mutual's join desk did not accept this wallet's request. Nothing was paid.":
    "Le guichet d’adhésion de la mutuelle n’a pas accepté la demande de ce portefeuille. Rien n’a été payé.",
  "This is your own claim: an assessor cannot vote on their own claim.":
    "C’est votre propre demande : un évaluateur ne peut pas voter sur sa propre demande.",
  "You do not hold an assessor seat for this claim's round.": "Vous n’avez pas de siège d’évaluateur pour le tour de cette demande.",
  "Voting on this claim has closed.": "Le vote sur cette demande est clos.",
  "You already voted on this claim.": "Vous avez déjà voté sur cette demande.",
  "This claim cannot be voted on now: {reason}.": "Impossible de voter sur cette demande pour l’instant : {reason}.",
  "The payout could not be sent to the claim's payout address (the token refused it). The claim stays approved: it is paid once that address can receive.":
    "Le versement n’a pas pu être envoyé à l’adresse de versement de la demande (le jeton l’a refusé). La demande reste approuvée : elle est payée dès que cette adresse peut recevoir.",
  "You declined the transaction in your wallet: nothing was paid.":
    "Vous avez refusé la transaction dans votre portefeuille : rien n’a été payé.",
  "The paying account does not have enough to pay for this transaction.": "Le compte payeur n’a pas assez pour payer cette transaction.",
  "The network cannot be reached. Check your connection and try again.":
    "Le réseau est injoignable. Vérifiez votre connexion et réessayez.",
  "Evidence photo {file}": "Photo de preuve {file}",
  "Evidence document {file}": "Document de preuve {file}",
  "Open {file}": "Ouvrir {file}",
  "Download {file}": "Télécharger {file}",
  Evidence: "Preuves",
  Language: "Langue",
  "An update of this app was refused ({reason}). You keep the version you had: tell your mutual.":
    "Une mise à jour de cette application a été refusée ({reason}). Vous gardez la version que vous aviez : prévenez votre mutuelle.",
  "Choose a backup file, photos of its QR codes, or scan them with the camera.":
    "Choisissez un fichier de sauvegarde, des photos de ses codes QR, ou scannez-les avec l’appareil photo.",
  "This browser cannot use a camera: add photos of the codes instead.":
    "Ce navigateur ne peut pas utiliser d’appareil photo : ajoutez plutôt des photos des codes.",
  "The camera was not allowed: allow it for this site, or add photos of the codes instead.":
    "L’appareil photo n’a pas été autorisé : autorisez-le pour ce site, ou ajoutez plutôt des photos des codes.",
  "No camera could be opened: add photos of the codes instead.":
    "Aucun appareil photo n’a pu être ouvert : ajoutez plutôt des photos des codes.",
  "The camera was stopped before every part was scanned.": "L’appareil photo a été arrêté avant que toutes les parties soient scannées.",
  "The camera's view": "Ce que voit l’appareil photo",
  "Stop the camera": "Arrêter l’appareil photo",
  "Scan the codes with the camera": "Scanner les codes avec l’appareil photo",
  "Hold each code up to the camera, in any order.": "Présentez chaque code à l’appareil photo, dans n’importe quel ordre.",
  "Scanned {have} of {count} parts.": "{have} parties scannées sur {count}.",
  "Every part is scanned: enter the backup's passphrase and restore.":
    "Toutes les parties sont scannées : saisissez la phrase secrète de la sauvegarde et restaurez.",
};

export default catalog;
