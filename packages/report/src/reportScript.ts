/**
 * The report's script (inline, no dependencies): tooltips naming the facts behind a segment or
 * mark, and the time cursor showing the Pod object and kubectl row at the chosen time.
 */
export const reportScript = `
(function(){
var tip=document.getElementById('tooltip');
function iso(ms){return new Date(ms).toISOString().replace('.000Z','Z');}
var factsOf=new Map();
function show(el,ev){
  var label=el.getAttribute('data-label')||'';
  var table=factsOf.get(el.closest('section.pod'))||[];
  var facts=(el.getAttribute('data-f')||'').split(' ').filter(Boolean).map(function(i){return table[+i];}).join('\\n');
  var from=el.getAttribute('data-from'),to=el.getAttribute('data-to'),at=el.getAttribute('data-time');
  var when=at?iso(+at):(from?iso(+from)+' – '+iso(+to):'');
  tip.textContent='';
  var b=document.createElement('b');b.textContent=label+(when?'  ('+when+')':'');tip.appendChild(b);
  tip.appendChild(document.createTextNode(facts));
  tip.hidden=false;move(ev);
}
function move(ev){tip.style.left=Math.min(ev.clientX+12,window.innerWidth-580)+'px';tip.style.top=(ev.clientY+14)+'px';}
document.addEventListener('mouseover',function(ev){
  var el=ev.target.closest&&ev.target.closest('.seg,.mark');
  if(el)show(el,ev);else tip.hidden=true;
});
document.addEventListener('mousemove',function(ev){if(!tip.hidden)move(ev);});
function unpack(data,memo,r){
  if(memo[r]!==undefined)return memo[r];
  var n=data.nodes[r],v;
  if(!Array.isArray(n))v=n;
  else if(n[0]===-1){v=[];for(var i=1;i<n.length;i++)v.push(unpack(data,memo,n[i]));}
  else{v={};var keys=data.shapes[n[0]];for(var j=0;j<keys.length;j++)v[keys[j]]=unpack(data,memo,n[j+1]);}
  memo[r]=v;return v;
}
function setup(section){
  var data=JSON.parse(section.querySelector('.pod-data').textContent);
  factsOf.set(section,data.facts);
  var memo=[];
  var svg=section.querySelector('svg.timeline');
  var from=+svg.getAttribute('data-from'),to=+svg.getAttribute('data-to');
  var x0=+svg.getAttribute('data-x0'),w=+svg.getAttribute('data-w');
  var span=Math.max(to-from,1000);
  var cursor=svg.querySelector('.cursor'),slider=section.querySelector('input.time');
  var atEl=section.querySelector('.at'),rowEl=section.querySelector('table.row tbody'),pre=section.querySelector('.object pre');
  function choose(t){
    t=Math.max(from,Math.min(to,t));
    var snaps=data.snapshots,lo=0,hi=snaps.length-1,k=-1;
    while(lo<=hi){var mid=(lo+hi)>>1;if(snaps[mid][0]<=t){k=mid;lo=mid+1;}else hi=mid-1;}
    var x=x0+(t-from)/span*w;
    cursor.setAttribute('x1',x);cursor.setAttribute('x2',x);cursor.setAttribute('visibility','visible');
    slider.value=String(t);
    section.setAttribute('data-cursor',String(t));
    rowEl.textContent='';
    if(k<0){atEl.textContent=iso(t)+': the Pod does not exist yet';pre.textContent='';return;}
    var s=snaps[k];
    atEl.textContent=iso(t)+' · after seq '+s[1];
    var tr=document.createElement('tr');
    for(var c=3;c<10;c++){var td=document.createElement('td');td.textContent=s[c];tr.appendChild(td);}
    rowEl.appendChild(tr);
    var base=unpack(data,memo,data.object),obj={};for(var key in base)obj[key]=base[key];obj.status=unpack(data,memo,s[2]);
    pre.textContent=JSON.stringify(obj,null,2);
  }
  svg.addEventListener('click',function(ev){
    var r=svg.getBoundingClientRect();var px=ev.clientX-r.left;
    if(px<x0)return;choose(from+(px-x0)/w*span);
  });
  slider.addEventListener('input',function(){choose(+slider.value);});
  choose(to);
}
var sections=document.querySelectorAll('section.pod');
for(var i=0;i<sections.length;i++)setup(sections[i]);
document.body.setAttribute('data-ready','true');
})();
`;
